// Bahasa Indonesia catalogue: the source of every user-facing string. Plain words, short sentences.
export const id = {
  'app.name': 'Sahih',
  'app.tagline': 'Dompet identitas digital Anda',
  'welcome.title': 'Selamat datang di Sahih',
  'welcome.lead':
    'Sahih menyimpan kartu dan dokumen digital dari instansi resmi di ponsel Anda, dan hanya membagikan data yang Anda setujui.',
  'welcome.lead2': 'Setiap kali data Anda dipakai, Anda bisa melihat siapa, kapan, dan untuk apa.',
  'welcome.start': 'Mulai',
  'welcome.learnMore': 'Bagaimana data saya dilindungi?',
  'welcome.protection':
    'Data disimpan terenkripsi di ponsel ini. Masuk memakai kunci sandi (passkey) perangkat Anda, tanpa kata sandi yang bisa dicuri.',
  'offline.banner': 'Anda sedang luring. Kartu tetap bisa dilihat; fitur lain menunggu koneksi.',
  'language.label': 'Bahasa',
  'language.id': 'Bahasa Indonesia',
  'language.en': 'English',
  'nav.skip': 'Lewati ke konten utama',
  'notFound.title': 'Halaman tidak ditemukan',
  'notFound.back': 'Kembali ke beranda',
  'update.ready': 'Versi baru Sahih siap dipakai.',
  'update.reload': 'Muat ulang',
} as const;

export type MessageKey = keyof typeof id;
