// Demo trust registry for `npm start`: three issuers (Dukcapil, BPJS Kesehatan, a university) and two verifiers
// (a hospital and a bank). Names of the university, hospital and bank are fictional.
import type { NewAgency } from './agencies.js';
import type { NewCredentialType } from './credential-types.js';
import type { NewPurpose } from './purposes.js';

const l = (id: string, en: string) => ({ id, en });

export const demoCredentialTypes: NewCredentialType[] = [
  {
    id: 'ktp-el',
    display: {
      name: l('KTP Elektronik (Identitas Kependudukan Digital)', 'Electronic ID card (digital population identity)'),
      description: l('Identitas kependudukan yang diterbitkan Dukcapil.', 'Population identity issued by Dukcapil.'),
    },
    defaultValidityDays: 5 * 365,
    claims: [
      { name: 'nik', type: 'string', format: 'nik', label: l('Nomor Induk Kependudukan (NIK)', 'National identity number (NIK)'), mandatory: true },
      { name: 'name', type: 'string', label: l('Nama lengkap', 'Full name'), mandatory: true },
      { name: 'birth_place', type: 'string', label: l('Tempat lahir', 'Place of birth'), mandatory: true },
      { name: 'birth_date', type: 'date', label: l('Tanggal lahir', 'Date of birth'), mandatory: true },
      { name: 'sex', type: 'string', label: l('Jenis kelamin', 'Sex'), mandatory: false },
      {
        name: 'address',
        type: 'object',
        label: l('Alamat', 'Address'),
        mandatory: true,
        members: [
          { name: 'street_address', label: l('Jalan, RT/RW', 'Street, RT/RW') },
          { name: 'village', label: l('Kelurahan/Desa', 'Village') },
          { name: 'district', label: l('Kecamatan', 'District') },
          { name: 'locality', label: l('Kabupaten/Kota', 'Regency/City') },
          { name: 'region', label: l('Provinsi', 'Province') },
          { name: 'postal_code', label: l('Kode pos', 'Postal code') },
        ],
      },
      { name: 'age_over_17', type: 'boolean', label: l('Berusia 17 tahun ke atas', 'Aged 17 or over'), mandatory: false, derived: { kind: 'age_over', years: 17, from: 'birth_date' } },
      { name: 'age_over_21', type: 'boolean', label: l('Berusia 21 tahun ke atas', 'Aged 21 or over'), mandatory: false, derived: { kind: 'age_over', years: 21, from: 'birth_date' } },
    ],
  },
  {
    id: 'kartu-jkn',
    display: {
      name: l('Kartu Indonesia Sehat (JKN-KIS)', 'National health insurance card (JKN-KIS)'),
      description: l('Kepesertaan Jaminan Kesehatan Nasional dari BPJS Kesehatan.', 'National Health Insurance membership from BPJS Kesehatan.'),
    },
    defaultValidityDays: 365,
    claims: [
      { name: 'card_number', type: 'string', label: l('Nomor kartu JKN', 'JKN card number'), mandatory: true },
      { name: 'name', type: 'string', label: l('Nama peserta', 'Member name'), mandatory: true },
      { name: 'birth_date', type: 'date', label: l('Tanggal lahir', 'Date of birth'), mandatory: true },
      { name: 'care_class', type: 'string', label: l('Kelas rawat', 'Care class'), mandatory: true },
      { name: 'participant_type', type: 'string', label: l('Jenis peserta', 'Membership type'), mandatory: true },
      { name: 'primary_care_facility', type: 'string', label: l('Faskes tingkat pertama', 'Primary care facility'), mandatory: true },
    ],
  },
  {
    id: 'ijazah',
    display: {
      name: l('Ijazah', 'Diploma'),
      description: l('Ijazah perguruan tinggi.', 'University diploma.'),
    },
    defaultValidityDays: 50 * 365,
    claims: [
      { name: 'name', type: 'string', label: l('Nama lulusan', 'Graduate name'), mandatory: true },
      { name: 'student_number', type: 'string', label: l('Nomor induk mahasiswa', 'Student number'), mandatory: true },
      { name: 'degree', type: 'string', label: l('Gelar', 'Degree'), mandatory: true },
      { name: 'study_program', type: 'string', label: l('Program studi', 'Study programme'), mandatory: true },
      { name: 'graduation_date', type: 'date', label: l('Tanggal lulus', 'Graduation date'), mandatory: true },
      { name: 'diploma_number', type: 'string', label: l('Nomor ijazah', 'Diploma number'), mandatory: true },
    ],
  },
];

const demo = (id: string, legalName: string, role: NewAgency['role'], credentialTypes: string[] = []): NewAgency => ({
  id,
  legalName,
  contact: `layanan@${id}.demo.sahih.id`,
  dpoContact: `pdp@${id}.demo.sahih.id`,
  privacyNoticeUrl: `https://${id}.demo.sahih.id/pemberitahuan-privasi`,
  role,
  credentialTypes,
});

export const demoAgencies: NewAgency[] = [
  demo('dukcapil', 'Direktorat Jenderal Kependudukan dan Pencatatan Sipil, Kementerian Dalam Negeri', 'issuer', ['ktp-el']),
  demo('bpjs-kesehatan', 'BPJS Kesehatan', 'issuer', ['kartu-jkn']),
  demo('universitas-nusantara', 'Universitas Nusantara (demo)', 'issuer', ['ijazah']),
  demo('rsud-sehat-sentosa', 'RSUD Sehat Sentosa (demo)', 'verifier'),
  demo('bank-nusantara', 'PT Bank Nusantara Sejahtera Tbk (demo)', 'verifier'),
];

export const demoPurposes: { agencyId: string; purpose: NewPurpose }[] = [
  {
    agencyId: 'rsud-sehat-sentosa',
    purpose: {
      code: 'patient_registration',
      description: l(
        'Pendaftaran pasien rawat jalan dan pengecekan kepesertaan JKN.',
        'Outpatient registration and checking JKN health insurance membership.',
      ),
      legalBasis: 'consent',
      claims: [
        { credentialType: 'ktp-el', path: ['nik'] },
        { credentialType: 'ktp-el', path: ['name'] },
        { credentialType: 'ktp-el', path: ['birth_date'] },
        { credentialType: 'ktp-el', path: ['address'] },
        { credentialType: 'kartu-jkn', path: ['card_number'] },
        { credentialType: 'kartu-jkn', path: ['care_class'] },
        { credentialType: 'kartu-jkn', path: ['primary_care_facility'] },
      ],
      maxRetentionDays: 365,
    },
  },
  {
    agencyId: 'bank-nusantara',
    purpose: {
      code: 'account_opening',
      description: l(
        'Verifikasi identitas nasabah untuk pembukaan rekening (prinsip mengenal nasabah).',
        'Verifying customer identity to open an account (know-your-customer).',
      ),
      legalBasis: 'legal_obligation',
      claims: [
        { credentialType: 'ktp-el', path: ['nik'] },
        { credentialType: 'ktp-el', path: ['name'] },
        { credentialType: 'ktp-el', path: ['birth_place'] },
        { credentialType: 'ktp-el', path: ['birth_date'] },
        { credentialType: 'ktp-el', path: ['address'] },
      ],
      maxRetentionDays: 5 * 365,
    },
  },
  {
    agencyId: 'bank-nusantara',
    purpose: {
      code: 'age_check',
      description: l('Memastikan nasabah berusia minimal 21 tahun untuk produk kredit.', 'Checking the customer is at least 21 for credit products.'),
      legalBasis: 'consent',
      claims: [{ credentialType: 'ktp-el', path: ['age_over_21'] }],
      maxRetentionDays: 0,
    },
  },
];
