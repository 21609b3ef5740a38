import { describePhi, findPhi, PHI_PATTERNS } from '../src';

const kinds = (text: string, denyList?: string[]) => findPhi(text, denyList).map((m) => m.kind);
const matches = (text: string, denyList?: string[]) => findPhi(text, denyList).map(({ kind, match }) => ({ kind, match }));

describe('findPhi', () => {
  it.each([
    ['jane.doe@example.com', 'email', 'jane.doe@example.com'],
    ['owner-j_smith+imgs@mail.hospital.org', 'email', 'owner-j_smith+imgs@mail.hospital.org'],
    ['ssn 123-45-6789', 'ssn', '123-45-6789'],
    ['x123 45 6789y', 'ssn', '123 45 6789'],
    ['itin 912-71-1234', 'ssn', '912-71-1234'],
    ['call (555) 123-4567', 'phone', '(555) 123-4567'],
    ['555.123.4567', 'phone', '555.123.4567'],
    ['+1 555 123 4567', 'phone', '+1 555 123 4567'],
    ['+15551234567', 'phone', '+15551234567'],
    ['+447946095812', 'phone', '+447946095812'],
    ['born 1980-01-15', 'date-of-birth', '1980-01-15'],
    ['scan_1980_01_15', 'date-of-birth', '1980_01_15'],
    ['01/15/1980', 'date-of-birth', '01/15/1980'],
    ['15.01.1980', 'date-of-birth', '15.01.1980'],
    ['img-dob19800115', 'date-of-birth', 'dob19800115'],
    ['mrn-00123456', 'mrn', 'mrn-00123456'],
    ['mrn_00123456', 'mrn', 'mrn_00123456'],
    ['images_MRN:A1234567', 'mrn', 'MRN:A1234567'],
    ['patient-id-998877', 'mrn', 'patient-id-998877'],
    ['patient-id 4455667', 'mrn', 'patient-id 4455667'],
    ['pat_id 445566', 'mrn', 'pat_id 445566'],
    ['medical_record_no 445566', 'mrn', 'medical_record_no 445566'],
  ])('finds %s as %s', (text, kind, match) => {
    expect(matches(text)).toContainEqual({ kind, match });
  });

  it.each([
    'DataClassification',
    'phi',
    'phi-prod-images',
    'images-prod-us-east-1',
    'acme-us-east-1',
    'ELBSecurityPolicy-TLS13-1-2-2021-06',
    '${aws_s3_bucket.patient_id_12345.id}',
    'arn:aws:acm:us-east-1:123456789012:certificate/0f6b3c1e-5a7d-4f2b-9c8e-1d2a3b4c5d6e',
    'arn:aws:iam::111122223333:root',
    'team-radiology',
    'v2024-01',
    'release 1.2.3',
    '10.0.0.0/16',
    'https://app.example.com',
    'patient-images',
  ])('finds nothing in %s', (text) => {
    expect(findPhi(text)).toEqual([]);
  });

  it('does not read never-issued SSN-like numbers as SSNs', () => {
    expect(kinds('000-12-3456')).toEqual([]);
    expect(kinds('666-12-3456')).toEqual([]);
    expect(kinds('123-00-4567')).toEqual([]);
    expect(kinds('123-45-0000')).toEqual([]);
  });

  it('reports every match in order of appearance, with its offset', () => {
    expect(findPhi('a@b.io then 123-45-6789 then mrn 123456')).toEqual([
      { kind: 'email', offset: 0, match: 'a@b.io' },
      { kind: 'ssn', offset: 12, match: '123-45-6789' },
      { kind: 'mrn', offset: 29, match: 'mrn 123456' },
    ]);
  });

  it('skips Terraform expressions and tokens but not the text around them', () => {
    expect(findPhi('${var.patient_id_12345}')).toEqual([]);
    expect(kinds('${var.x}-jane@example.com')).toEqual(['email']);
  });

  it('matches deny-list terms case-insensitively, as literal text', () => {
    expect(matches('St-Mary-Oncology-images', ['mary-oncology'])).toEqual([{ kind: 'deny-list', match: 'Mary-Oncology' }]);
    expect(findPhi('a.b', ['.+'])).toEqual([]);
    expect(findPhi('anything', ['', '  '])).toEqual([]);
  });

  it('exports one pattern per built-in kind, each global', () => {
    expect(PHI_PATTERNS.map((p) => p.kind)).toEqual(['email', 'ssn', 'phone', 'date-of-birth', 'mrn']);
    for (const p of PHI_PATTERNS) expect(p.regex.flags).toContain('g');
  });

  it('describes matches by kind and offset without repeating them', () => {
    const text = 'x jane@example.com 123-45-6789';
    const described = describePhi(findPhi(text));
    expect(described).toBe('email at offset 2, ssn at offset 19');
    expect(described).not.toContain('jane');
  });
});
