// A direct O(L²) inverse DFT (numpy.fft.ifft convention), an independent check of the FFT path.
export function naiveIdft(
  re: ArrayLike<number>,
  im: ArrayLike<number>,
): { re: Float64Array; im: Float64Array } {
  const L = re.length;
  const outRe = new Float64Array(L);
  const outIm = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let sr = 0;
    let si = 0;
    for (let k = 0; k < L; k++) {
      const t = (2 * Math.PI * ((k * l) % L)) / L;
      const c = Math.cos(t);
      const s = Math.sin(t);
      sr += re[k]! * c - im[k]! * s;
      si += re[k]! * s + im[k]! * c;
    }
    outRe[l] = sr / L;
    outIm[l] = si / L;
  }
  return { re: outRe, im: outIm };
}
