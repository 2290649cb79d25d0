/** What every frame codec returns: little-endian sample bytes, interleaved, plus what the bitstream said. */
export interface CodecOutput {
  bytes: Uint8Array;
  width: number;
  height: number;
  components: number;
  bitsPerSample: number;
  signed?: boolean;
}
