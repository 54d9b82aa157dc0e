// Scanning a QR code with the camera: a credential offer or a data request. jsQR is loaded here only, after the screen
// shows.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { t } from '../../i18n/index.js';
import { ApiError } from '../../lib/api.js';
import { isPresentationRequestText } from '../../lib/openid4vp.js';
import { pendingRequest } from '../../state/present.js';
import { pendingOffer } from '../../state/receive.js';

export default function Scan() {
  const { route } = useLocation();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<'starting' | 'scanning' | 'found'>('starting');

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    (async () => {
      const [{ default: jsQR }, media] = await Promise.all([
        import('jsqr'),
        navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }),
      ]);
      stream = media;
      if (stopped || !video.current) return;
      video.current.srcObject = media;
      await video.current.play();
      setStatus('scanning');
      const canvas = document.createElement('canvas');
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      const tick = () => {
        if (stopped) return;
        const v = video.current;
        if (v && v.videoWidth > 0) {
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          context.drawImage(v, 0, 0);
          const image = context.getImageData(0, 0, canvas.width, canvas.height);
          const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
          if (code?.data) {
            setStatus('found');
            // A data request (openid4vp://) goes to the presentation screen; anything else is read as an offer.
            if (isPresentationRequestText(code.data)) {
              pendingRequest.value = code.data;
              route('/present');
            } else {
              pendingOffer.value = code.data;
              route('/receive');
            }
            return;
          }
        }
        timer = setTimeout(tick, 150);
      };
      tick();
    })().catch(() => setError(new ApiError('camera_unavailable', 0)));
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  return (
    <section aria-labelledby="scan-title">
      <a href="/receive" class="back-link">
        {t('common.back')}
      </a>
      <h1 id="scan-title">{t('scan.title')}</h1>
      <p>{t('scan.lead')}</p>
      <ErrorNotice error={error} />
      <video ref={video} class="scan-video" muted playsInline aria-label={t('scan.video')} />
      <p role="status">{status === 'starting' ? t('scan.starting') : status === 'found' ? t('scan.found') : ''}</p>
      <a href="/receive">{t('scan.paste')}</a>
    </section>
  );
}
