// "Pindai / Scan": the one place to read anything an agency gives the citizen, by camera or by pasting its link:
// card offers and data requests (later the counter's offline answers). The camera area shows exactly one state at a
// time: starting, running, or unavailable (in plain words, with the paste field right below). jsQR loads here only.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { PasteLink } from '../../components/paste-link/index.js';
import { t } from '../../i18n/index.js';
import { routeScannedText } from '../../lib/scanned-link.js';
import './scan.css';

type CameraState = 'starting' | 'running' | 'unavailable' | 'found';

function useQrCamera(video: { current: HTMLVideoElement | null }, attempt: number, onText: (text: string) => void): CameraState {
  const [state, setState] = useState<CameraState>('starting');
  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    setState('starting');
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('no camera API');
      const [{ default: jsQR }, media] = await Promise.all([
        import('jsqr'),
        navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }),
      ]);
      stream = media;
      if (stopped || !video.current) return;
      video.current.srcObject = media;
      await video.current.play();
      setState('running');
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
            setState('found');
            onText(code.data);
            return;
          }
        }
        timer = setTimeout(tick, 150);
      };
      tick();
    })().catch(() => {
      if (!stopped) setState('unavailable');
    });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [attempt]);
  return state;
}

export default function Scan() {
  const { route } = useLocation();
  const video = useRef<HTMLVideoElement>(null);
  const [attempt, setAttempt] = useState(0);
  const camera = useQrCamera(video, attempt, (text) => route(routeScannedText(text)));

  return (
    <section aria-labelledby="scan-title" class="scan">
      <h1 id="scan-title">{t('scan.title')}</h1>
      <p class="scan__lead">{t('scan.lead')}</p>
      <div class="scan__camera" data-camera-state={camera}>
        {/* The video stays in the page (the stream needs it) but is hidden until the camera runs. */}
        <video ref={video} class="scan-video" muted playsInline aria-label={t('scan.video')} hidden={camera !== 'running' && camera !== 'found'} />
        <p role="status" class={camera === 'unavailable' ? 'scan__state scan__state--unavailable' : 'scan__state'}>
          {camera === 'starting' ? t('scan.starting') : camera === 'running' ? t('scan.running') : camera === 'found' ? t('scan.found') : t('scan.unavailable')}
        </p>
        {camera === 'unavailable' && (
          <>
            <p class="scan__state-help">{t('scan.unavailableAction')}</p>
            <button type="button" class="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
              {t('scan.retry')}
            </button>
          </>
        )}
      </div>
      <PasteLink id="scan-link" class="field scan__paste" onLink={(text) => route(routeScannedText(text))} />
    </section>
  );
}
