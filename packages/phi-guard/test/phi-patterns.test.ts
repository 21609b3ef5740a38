import { describePhi, eligibleService, findPhi } from '../src';

describe('findPhi', () => {
  it.each([
    ['owner jane.doe@example.com', 'email'],
    ['ssn 123-45-6789', 'ssn'],
    ['call (555) 123-4567', 'phone'],
    ['+15551234567', 'phone'],
    ['born 1984-03-12', 'date-of-birth'],
    ['03/12/1984', 'date-of-birth'],
    ['dob19840312', 'date-of-birth'],
    ['mrn_00123456', 'mrn'],
    ['patient-id 4455667', 'mrn'],
  ])('finds %s', (text, kind) => {
    expect(findPhi(text).map((m) => m.kind)).toContain(kind);
  });

  it.each([
    'DataClassification',
    'phi',
    'images-prod-us-east-1',
    'ELBSecurityPolicy-TLS13-1-2-2021-06',
    '${aws_s3_bucket.patient_id_12345.id}',
    '10.0.0.0/16',
    'arn:aws:iam::111122223333:root',
  ])('ignores %s', (text) => {
    expect(findPhi(text)).toEqual([]);
  });

  it('describes matches without repeating them', () => {
    const text = 'a jane@example.com';
    expect(describePhi(findPhi(text))).toBe('email at offset 2');
  });
});

describe('eligibleService', () => {
  it('maps resource types to HIPAA-eligible services by prefix', () => {
    expect(eligibleService('aws_db_instance')).toBe('Amazon RDS');
    expect(eligibleService('aws_cloudfront_distribution')).toBe('Amazon CloudFront');
    expect(eligibleService('aws_gamelift_fleet')).toBeUndefined();
  });
});
