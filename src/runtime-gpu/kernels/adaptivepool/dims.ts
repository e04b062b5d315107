/** AdaptiveAvgPool2d from an [n, c, h, w] tensor to [n, c, oh, ow]. */
export interface AdaptivePoolDims {
  n: number;
  c: number;
  h: number;
  w: number;
  oh: number;
  ow: number;
}
