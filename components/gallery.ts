/**
 * The gallery page (index.html): typesets its formulas and registers the elements it shows. The prose lives in the
 * page; every figure is an element configured by its attributes, so a figure can be copied into another page as it
 * is. Formulas are written as TeX in `<span class="tex">` (inline) and `<div class="tex">` (display) and typeset by
 * KaTeX; a formula KaTeX cannot parse stays visible as its source, marked, with the parser's message as its title.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import './index.ts';

for (const el of document.querySelectorAll<HTMLElement>('.tex')) {
  const source = el.textContent ?? '';
  try {
    katex.render(source, el, { displayMode: el.tagName === 'DIV', throwOnError: true, output: 'htmlAndMathml' });
  } catch (e) {
    el.classList.add('tex-error');
    el.title = e instanceof Error ? e.message : String(e);
  }
}

/**
 * Section 11, the bridge: one optimizer control and one R₁ switch drive both the Dirac-GAN's phase plot and a GAN
 * trainer on ring8, by setting the same attributes a person could write by hand.
 */
const bridgeOptimizer = document.querySelector<HTMLSelectElement>('#bridge-optimizer');
const bridgeR1 = document.querySelector<HTMLInputElement>('#bridge-r1');
const bridgeDirac = document.querySelector('#bridge-dirac');
const bridgeGan = document.querySelector('#bridge-gan');
function syncBridge(): void {
  if (!bridgeOptimizer || !bridgeR1 || !bridgeDirac || !bridgeGan) return;
  const optimizer = bridgeOptimizer.value;
  const r1 = bridgeR1.checked;
  bridgeDirac.setAttribute('optimizers', optimizer);
  bridgeDirac.setAttribute('params', JSON.stringify(r1 ? { loss: 'gan', reg: 'r1', gamma: 1 } : { loss: 'gan' }));
  bridgeGan.setAttribute('optimizer', optimizer);
  bridgeGan.setAttribute('regularizer', r1 ? 'r1' : 'none');
}
bridgeOptimizer?.addEventListener('change', syncBridge);
bridgeR1?.addEventListener('change', syncBridge);
syncBridge();
