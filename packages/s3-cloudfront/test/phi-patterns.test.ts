import { describePhiLikeMatches, findPhiLikeStrings, PHI_PATTERNS } from '../src';

const kinds = (text: string, denyList?: string[]) => findPhiLikeStrings(text, denyList).map((m) => m.kind);

describe('findPhiLikeStrings', () => {
  it.each([
    ['jane.doe@example.com', 'email', 'jane.doe@example.com'],
    ['owner-j_smith+imgs@mail.hospital.org', 'email', 'owner-j_smith+imgs@mail.hospital.org'],
    ['ssn 123-45-6789', 'ssn', '123-45-6789'],
    ['x123 45 6789y', 'ssn', '123 45 6789'],
    ['call (555) 123-4567', 'phone', '(555) 123-4567'],
    ['555.123.4567', 'phone', '555.123.4567'],
    ['+1 555 123 4567', 'phone', '+1 555 123 4567'],
    ['+447946095812', 'phone', '+447946095812'],
    ['born 1980-01-15', 'date-of-birth', '1980-01-15'],
    ['01/15/1980', 'date-of-birth', '01/15/1980'],
    ['15.01.1980', 'date-of-birth', '15.01.1980'],
    ['img-dob19800115', 'date-of-birth', 'dob19800115'],
    ['mrn-00123456', 'mrn', 'mrn-00123456'],
    ['images_MRN:A1234567', 'mrn', 'MRN:A1234567'],
    ['patient-id-998877', 'mrn', 'patient-id-998877'],
    ['medical_record_no 445566', 'mrn', 'medical_record_no 445566'],
  ])('finds %s as %s', (text, kind, match) => {
    expect(findPhiLikeStrings(text)).toContainEqual({ kind, match });
  });

  it.each([
    'phi-prod-images',
    'acme-us-east-1',
    'arn:aws:acm:us-east-1:123456789012:certificate/0f6b3c1e-5a7d-4f2b-9c8e-1d2a3b4c5d6e',
    'team-radiology',
    'v2024-01',
    'release 1.2.3',
    '10.0.0.0/16',
    'https://app.example.com',
    'patient-images',
  ])('finds nothing in %s', (text) => {
    expect(findPhiLikeStrings(text)).toEqual([]);
  });

  it('does not read SSN-like numbers with invalid area or group as SSNs', () => {
    expect(kinds('000-12-3456')).toEqual([]);
    expect(kinds('666-12-3456')).toEqual([]);
    expect(kinds('123-00-4567')).toEqual([]);
  });

  it('reports every match in order of appearance', () => {
    expect(findPhiLikeStrings('a@b.io then 123-45-6789 then mrn 123456')).toEqual([
      { kind: 'email', match: 'a@b.io' },
      { kind: 'ssn', match: '123-45-6789' },
      { kind: 'mrn', match: 'mrn 123456' },
    ]);
  });

  it('matches deny-list terms case-insensitively, as literal text', () => {
    expect(findPhiLikeStrings('St-Mary-Oncology-images', ['mary-oncology'])).toEqual([{ kind: 'deny-list', match: 'Mary-Oncology' }]);
    expect(findPhiLikeStrings('a.b', ['.+'])).toEqual([]);
    expect(findPhiLikeStrings('anything', ['', '  '])).toEqual([]);
  });

  it('exports one pattern per built-in kind, each global', () => {
    expect(PHI_PATTERNS.map((p) => p.kind)).toEqual(['email', 'ssn', 'phone', 'date-of-birth', 'mrn']);
    for (const p of PHI_PATTERNS) expect(p.regex.flags).toContain('g');
  });

  it('describes matches by kind and offset without repeating them', () => {
    const text = 'x jane@example.com 123-45-6789';
    const described = describePhiLikeMatches(text, findPhiLikeStrings(text));
    expect(described).toBe('email at offset 2, ssn at offset 19');
    expect(described).not.toContain('jane');
  });
});
