import { checkovParseable } from '../src';

describe('checkovParseable', () => {
  it('drops the moved and import blocks and keeps every other block as it is', () => {
    const resource = { aws_kms_key: { key: { description: 'k' } } };
    const config = { '//': { metadata: {} }, resource, moved: [{ from: 'aws_kms_key.a', to: 'aws_kms_key.key' }], import: [{ to: 'aws_kms_key.key', id: 'x' }] };
    expect(checkovParseable(config)).toEqual({ '//': { metadata: {} }, resource });
  });

  it('leaves a config without them alone (the file is checked as synthesized)', () => {
    expect(checkovParseable({ resource: {} })).toBeUndefined();
  });
});
