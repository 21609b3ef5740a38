import { cidrContains, cidrSize, cidrsOverlap, cidrSubnet, findOverlap, formatCidr, parseCidr, tryParseCidr } from '../src';

describe('cidr', () => {
  it('parses canonical blocks and rejects host bits, bad octets and bad prefixes', () => {
    expect(formatCidr(parseCidr('10.40.0.0/16', 'x'))).toBe('10.40.0.0/16');
    expect(tryParseCidr('10.40.0.1/16')).toBeUndefined();
    expect(tryParseCidr('256.0.0.0/8')).toBeUndefined();
    expect(tryParseCidr('10.0.0.0/33')).toBeUndefined();
    expect(tryParseCidr('10.0.0.0')).toBeUndefined();
    expect(() => parseCidr('10.0.0.1/16', 'cidrBlock')).toThrow("cidrBlock must be an IPv4 CIDR block with no host bits set, like 10.0.0.0/16 (got '10.0.0.1/16')");
  });

  it('carves subnets like terraform cidrsubnet', () => {
    const vpc = parseCidr('10.40.0.0/16', 'x');
    expect(formatCidr(cidrSubnet(vpc, 2, 1))).toBe('10.40.64.0/18');
    expect(formatCidr(cidrSubnet(cidrSubnet(vpc, 2, 2), 3, 5))).toBe('10.40.168.0/21');
    expect(cidrSize(cidrSubnet(vpc, 5, 0))).toBe(2048);
    expect(() => cidrSubnet(vpc, 17, 0)).toThrow('cannot add 17 bits to /16');
    expect(() => cidrSubnet(vpc, 2, 4)).toThrow('subnet index 4 does not fit in 2 bits');
  });

  it('detects containment and overlap', () => {
    const vpc = parseCidr('10.40.0.0/16', 'x');
    expect(cidrContains(vpc, parseCidr('10.40.255.0/24', 'x'))).toBe(true);
    expect(cidrContains(vpc, parseCidr('10.41.0.0/24', 'x'))).toBe(false);
    expect(cidrContains(parseCidr('10.40.0.0/24', 'x'), vpc)).toBe(false);
    expect(cidrsOverlap(parseCidr('10.0.0.0/24', 'x'), parseCidr('10.0.0.128/25', 'x'))).toBe(true);
    expect(cidrsOverlap(parseCidr('10.0.0.0/25', 'x'), parseCidr('10.0.0.128/25', 'x'))).toBe(false);
    const blocks = ['10.0.0.0/24', '10.0.1.0/24', '10.0.1.128/25'].map((t) => ({ t, cidr: parseCidr(t, 'x') }));
    expect(findOverlap(blocks)?.map((b) => b.t)).toEqual(['10.0.1.0/24', '10.0.1.128/25']);
    expect(findOverlap(blocks.slice(0, 2))).toBeUndefined();
  });
});
