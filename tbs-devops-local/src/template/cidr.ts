/** `Fn::Cidr`: `count` consecutive subnets of `cidrBits` host bits carved from the start of `ipBlock`. */
export function cidrSubnets(ipBlock: string, count: number, cidrBits: number): string[] {
  const [address, prefixText] = ipBlock.split('/');
  const prefix = Number(prefixText);
  const v6 = address?.includes(':') ?? false;
  const width = v6 ? 128 : 32;
  if (!address || !Number.isInteger(prefix) || prefix < 0 || prefix > width) {
    throw new Error(`"${ipBlock}" is not a CIDR block`);
  }
  if (!Number.isInteger(count) || count < 1 || count > 256) throw new Error(`count must be 1..256, got ${count}`);
  if (!Number.isInteger(cidrBits) || cidrBits < 1 || width - cidrBits < prefix) {
    throw new Error(`cidrBits ${cidrBits} does not fit in /${prefix}`);
  }
  const subnetPrefix = width - cidrBits;
  const available = 2n ** BigInt(subnetPrefix - prefix);
  if (BigInt(count) > available) throw new Error(`${ipBlock} holds only ${available} subnets of /${subnetPrefix}`);
  const base = (v6 ? parseV6(address) : parseV4(address)) & ~((1n << BigInt(width - prefix)) - 1n);
  const step = 1n << BigInt(cidrBits);
  return Array.from({ length: count }, (_, i) => {
    const network = base + step * BigInt(i);
    return `${v6 ? formatV6(network) : formatV4(network)}/${subnetPrefix}`;
  });
}

function parseV4(address: string): bigint {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`"${address}" is not an IPv4 address`);
  }
  return parts.reduce((acc, part) => (acc << 8n) + BigInt(part), 0n);
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

function parseV6(address: string): bigint {
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) throw new Error(`"${address}" is not an IPv6 address`);
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return groups.reduce((acc, group) => {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) throw new Error(`"${address}" is not an IPv6 address`);
    return (acc << 16n) + BigInt(Number.parseInt(group, 16));
  }, 0n);
}

function formatV6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as the canonical text form does.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}
