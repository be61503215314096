// Essentia.js RhythmExtractor2013 on raw mono float32 (little endian, 44100 Hz) files.
// Usage: node essentia_rhythm.js NODE_MODULES_DIR FILE.f32 [FILE.f32 ...]
// Prints one JSON line per file: {"file":F,"bpm":X,"ticks":[...],"confidence":C}
// Evaluation only (peer comparison); never part of the product.
const path = require('path');
const fs = require('fs');
const mods = process.argv[2];
const { EssentiaWASM, Essentia } = require(path.join(mods, 'essentia.js'));
const essentia = new Essentia(EssentiaWASM.EssentiaWASM || EssentiaWASM);
for (const file of process.argv.slice(3)) {
  const buf = fs.readFileSync(file);
  const samples = new Float32Array(buf.buffer, buf.byteOffset, Math.floor(buf.length / 4));
  const vec = essentia.arrayToVector(samples);
  const r = essentia.RhythmExtractor2013(vec, 208, 'multifeature', 40);
  const ticks = Array.from(essentia.vectorToArray(r.ticks));
  console.log(JSON.stringify({ file, bpm: r.bpm, confidence: r.confidence, ticks }));
  vec.delete && vec.delete();
}
