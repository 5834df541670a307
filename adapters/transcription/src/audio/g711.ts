// ITU-T G.711 companding. Genesys WAV_ULAW recordings and AudioHook PCMU frames are μ-law.

const ULAW_BIAS = 0x84;
const ULAW_CLIP = 32635;

const ULAW_DECODE = new Int16Array(256);
const ALAW_DECODE = new Int16Array(256);
for (let i = 0; i < 256; i++) {
  const u = ~i & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
  ULAW_DECODE[i] = u & 0x80 ? -magnitude : magnitude;

  const a = i ^ 0x55;
  const aExponent = (a >> 4) & 0x07;
  const aMantissa = a & 0x0f;
  let aMagnitude = aExponent === 0 ? (aMantissa << 4) + 8 : ((aMantissa << 4) + 0x108) << (aExponent - 1);
  aMagnitude = a & 0x80 ? aMagnitude : -aMagnitude;
  ALAW_DECODE[i] = aMagnitude;
}

export function decodeMuLaw(byte: number): number {
  return ULAW_DECODE[byte & 0xff]!;
}

export function decodeALaw(byte: number): number {
  return ALAW_DECODE[byte & 0xff]!;
}

/** 16-bit linear sample to a μ-law byte. */
export function encodeMuLaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > ULAW_CLIP) s = ULAW_CLIP;
  s += ULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}
