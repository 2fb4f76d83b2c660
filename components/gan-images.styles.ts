import { css } from 'lit';

/** Styles of `<saddle-gan-images>` beyond those it shares with `<saddle-gan-trainer>` (gan-trainer.styles.ts). */
export const imageStyles = css`
  .views-grid {
    display: flex;
    flex-wrap: wrap;
    gap: 12px 18px;
    align-items: flex-start;
    margin-top: 6px;
  }
  figure {
    margin: 0;
  }
  figcaption {
    font-size: 12px;
    color: #444;
    margin-bottom: 3px;
    max-width: 340px;
  }
  figcaption b {
    color: #1d1d1f;
  }
  canvas.digits {
    image-rendering: pixelated;
    image-rendering: crisp-edges;
    background: #000;
    border: 0;
  }
  .histogram .bar-label,
  .histogram .axis {
    font-size: 10px;
    fill: #555;
  }
  .histogram .uniform {
    stroke: #000;
    stroke-dasharray: 4 3;
  }
  .histogram .capture {
    stroke: #999;
    stroke-dasharray: 1 2;
  }
  .labelled {
    display: flex;
    align-items: flex-start;
  }
  .row-labels {
    display: flex;
    flex-direction: column;
    width: 22px;
    padding-top: 1px;
    font-size: 10px;
    color: #555;
    text-align: right;
    padding-right: 4px;
    box-sizing: border-box;
  }
  .files .upload {
    position: relative;
    padding: 2px 9px;
    border: 1px solid #bbb;
    border-radius: 4px;
    background: #f7f7f7;
    cursor: pointer;
  }
  /* The file input stays focusable (keyboard: Tab, then Space opens the picker); the label is what shows. */
  .files .upload input {
    position: absolute;
    inset: 0;
    opacity: 0;
    width: 100%;
    cursor: pointer;
  }
  .files .upload:focus-within {
    outline: 2px solid #0072b2;
    outline-offset: 1px;
  }
  .axis-labels {
    display: flex;
    justify-content: space-between;
    font-size: 10px;
    color: #555;
  }
`;
