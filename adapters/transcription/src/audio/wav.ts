import { TeachbackError } from '@teachback/core';
import { decodeALaw, decodeMuLaw, encodeMuLaw } from './g711';

export type WavEncoding = 'pcm' | 'float' | 'ulaw' | 'alaw';

/** Decoded audio: one Float32Array per channel, samples in -1..1. Channel 0 is the left. */
export interface DecodedAudio {
  sampleRate: number;
  channels: Float32Array[];
  encoding: WavEncoding;
  bitsPerSample: number;
  durationMs: number;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_ULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

function invalid(reason: string, details: Record<string, unknown> = {}): TeachbackError {
  return new TeachbackError('TRANSCRIBE.AUDIO_INVALID', `audio: ${reason}`, { details });
}

/**
 * Reads a RIFF/WAVE file: PCM 8/16/24/32-bit, 32-bit float, μ-law and A-law, plain or
 * WAVE_FORMAT_EXTENSIBLE, any channel count. Recorders that stream (and never fix up the sizes)
 * write 0 or 0xFFFFFFFF as the data size; then the data runs to the end of the file.
 */
export function decodeWav(buf: Buffer): DecodedAudio {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw invalid('not a WAV file (no RIFF/WAVE header); only WAV recordings are supported');
  }
  let offset = 12;
  let fmt:
    { format: number; channels: number; sampleRate: number; blockAlign: number; bits: number } | undefined;
  let data: Buffer | undefined;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    let size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'data' && (size === 0 || size === 0xffffffff || body + size > buf.length))
      size = buf.length - body;
    if (id === 'fmt ') {
      if (size < 16) throw invalid('fmt chunk too short', { field: 'fmt' });
      let format = buf.readUInt16LE(body);
      if (format === FORMAT_EXTENSIBLE && size >= 40) format = buf.readUInt16LE(body + 24);
      fmt = {
        format,
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        blockAlign: buf.readUInt16LE(body + 12),
        bits: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      data = buf.subarray(body, body + size);
      break;
    }
    offset = body + size + (size % 2);
  }
  if (!fmt) throw invalid('no fmt chunk', { field: 'fmt' });
  if (!data) throw invalid('no data chunk', { field: 'data' });
  const { format, channels, sampleRate, bits } = fmt;
  if (channels < 1) throw invalid('fmt.channels must be at least 1', { field: 'fmt.channels' });
  if (sampleRate < 4000 || sampleRate > 192000) {
    throw invalid(`fmt.sampleRate ${sampleRate} is outside 4000..192000`, { field: 'fmt.sampleRate' });
  }

  let encoding: WavEncoding;
  let read: (at: number) => number;
  let bytes: number;
  if (format === FORMAT_PCM && bits === 16) {
    [encoding, bytes, read] = ['pcm', 2, (at) => data!.readInt16LE(at) / 32768];
  } else if (format === FORMAT_PCM && bits === 8) {
    [encoding, bytes, read] = ['pcm', 1, (at) => (data![at]! - 128) / 128];
  } else if (format === FORMAT_PCM && bits === 24) {
    [encoding, bytes, read] = ['pcm', 3, (at) => data!.readIntLE(at, 3) / 8388608];
  } else if (format === FORMAT_PCM && bits === 32) {
    [encoding, bytes, read] = ['pcm', 4, (at) => data!.readInt32LE(at) / 2147483648];
  } else if (format === FORMAT_FLOAT && bits === 32) {
    [encoding, bytes, read] = ['float', 4, (at) => data!.readFloatLE(at)];
  } else if (format === FORMAT_ULAW && bits === 8) {
    [encoding, bytes, read] = ['ulaw', 1, (at) => decodeMuLaw(data![at]!) / 32768];
  } else if (format === FORMAT_ALAW && bits === 8) {
    [encoding, bytes, read] = ['alaw', 1, (at) => decodeALaw(data![at]!) / 32768];
  } else {
    throw invalid(`unsupported WAV encoding (format ${format}, ${bits} bits)`, { field: 'fmt.audioFormat' });
  }
  const frameBytes = Math.max(fmt.blockAlign, bytes * channels);
  const frames = Math.floor(data.length / frameBytes);
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let f = 0; f < frames; f++) {
    const base = f * frameBytes;
    for (let c = 0; c < channels; c++) out[c]![f] = read(base + c * bytes);
  }
  return {
    sampleRate,
    channels: out,
    encoding,
    bitsPerSample: bits,
    durationMs: (frames / sampleRate) * 1000,
  };
}

/** Writes interleaved channels as a WAV file, 16-bit PCM or 8-bit μ-law. */
export function encodeWav(
  channels: readonly Float32Array[],
  sampleRate: number,
  encoding: 'pcm16' | 'ulaw' = 'pcm16',
): Buffer {
  const n = channels.length;
  if (n === 0) throw invalid('cannot write a WAV with no channels');
  const frames = Math.min(...channels.map((c) => c.length));
  const bytes = encoding === 'pcm16' ? 2 : 1;
  const dataSize = frames * n * bytes;
  const buf = Buffer.alloc(44 + dataSize + (dataSize % 2));
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(buf.length - 8, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(encoding === 'pcm16' ? FORMAT_PCM : FORMAT_ULAW, 20);
  buf.writeUInt16LE(n, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * n * bytes, 28);
  buf.writeUInt16LE(n * bytes, 32);
  buf.writeUInt16LE(bytes * 8, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataSize, 40);
  let at = 44;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < n; c++) {
      const s = Math.max(-1, Math.min(1, channels[c]![f]!));
      const int = s < 0 ? Math.round(s * 32768) : Math.round(s * 32767);
      if (encoding === 'pcm16') {
        buf.writeInt16LE(int, at);
        at += 2;
      } else {
        buf[at++] = encodeMuLaw(int);
      }
    }
  }
  return buf;
}
