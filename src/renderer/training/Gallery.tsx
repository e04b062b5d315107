import { useEffect, useRef } from 'react';
import type { GalleryItem } from '../../training/evaluation.js';
import type { Evaluation } from './protocol.js';

/** Draws one C×H×W byte image (1 or 3 channels) into a canvas at its own size. */
export function Thumb({ pixels, shape }: { pixels: Uint8Array; shape: Evaluation['imageShape'] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const { channels, height, width } = shape;
    const image = ctx.createImageData(width, height);
    const plane = height * width;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++)
        image.data[p * 4 + c] = pixels[(channels === 3 ? c : 0) * plane + p]!;
      image.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }, [pixels, shape]);
  return <canvas ref={canvas} width={shape.width} height={shape.height} />;
}

interface Props {
  evaluation: Evaluation;
  names: readonly string[];
  onPick: (item: GalleryItem) => void;
  picked: number | null;
}

/** Test images with predicted and true labels, mistakes first. */
export function Gallery({ evaluation, names, onPick, picked }: Props) {
  const { gallery, images, imageShape } = evaluation;
  const size = imageShape.channels * imageShape.height * imageShape.width;
  const nameOf = (i: number) => names[i] ?? String(i);
  return (
    <ul className="gallery" data-testid="gallery">
      {gallery.map((g, i) => {
        const wrong = g.predicted !== g.label;
        return (
          <li
            key={g.index}
            className={`${wrong ? 'wrong' : 'right'}${picked === g.index ? ' picked' : ''}`}
          >
            <button
              type="button"
              onClick={() => onPick(g)}
              title={`test image ${g.index}: predicted ${nameOf(g.predicted)} (${Math.round(g.confidence * 100)}%), true ${nameOf(g.label)}`}
            >
              <Thumb pixels={images.subarray(i * size, (i + 1) * size)} shape={imageShape} />
              <span className="pred">{nameOf(g.predicted)}</span>
              {wrong && <span className="true">true: {nameOf(g.label)}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
