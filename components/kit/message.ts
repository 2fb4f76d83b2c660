/**
 * The one way a Saddle element says that something is wrong: a message inside the element (never a blank box or a
 * console stack). An {@link InputError} shows its own sentence (`steps: expected a whole number …`); anything else
 * is a bug and says so.
 */
import { css, html, type TemplateResult } from 'lit';
import { InputError } from '../../src/errors.ts';

/** The sentence for an error caught while reading attributes or computing. */
export function describeError(e: unknown): string {
  return e instanceof InputError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
}

/** The error box (role="alert"), with an optional detail line such as an expression with a caret under the fault. */
export function errorMessage(e: unknown, detail?: TemplateResult | string): TemplateResult {
  return html`<div class="message" role="alert"><p>${typeof e === 'string' ? e : describeError(e)}</p>${detail ?? ''}</div>`;
}

/** A quiet status box for "Loading …" (role="status"). */
export function loadingMessage(text: string): TemplateResult {
  return html`<p class="message loading" role="status">${text}</p>`;
}

/** The look of both boxes. */
export const messageStyles = css`
  .message {
    margin: 0;
    padding: 0.75rem 1rem;
    border: 1px solid #e3b5a0;
    border-radius: 4px;
    background: #fff6f1;
    color: #8a2d00;
  }
  .message p {
    margin: 0;
  }
  .message pre {
    margin: 0.4rem 0 0;
    font-size: 0.85em;
    color: #5a1e00;
    overflow-x: auto;
  }
  p.message.loading {
    border-color: #ddd;
    background: #fafafa;
    color: #555;
  }
`;
