import type { Rule } from './rules.ts';

/**
 * One rule per player: player i's own gradient gᵢ goes through its own rule Rᵢ,
 *   θᵢ ← θᵢ + uᵢ(gᵢ), uᵢ = Rᵢ's increment,
 * e.g. the generator on Adam (β₁ = ½) and the discriminator on plain gradient steps, as GAN Lab lets a person choose
 * per player. A scheme (simultaneous, alternating) decides where the gradients are taken, exactly as for one rule.
 *
 * Only rules that see nothing but the player's own gradient can be composed so (sgd, heavy ball, optimistic, Adam):
 * methods that act on the joint game (extragradient's look-ahead point, consensus' and SGA's Jᵀξ, unrolling, the
 * proximal step) couple the players inside one step and have no per-player part to compose.
 *
 * Slots: the state keeps one block per player for every slot any rule names (the union of the rules' slots), and
 * rule Rᵢ reads and writes only block i of its own slots. So the rules' slots stay apart even when two rules use the
 * same name, a rule composed with itself keeps exactly the single rule's state, and a player's slots are where a
 * one-player view of the state finds them (gan/train.ts's discriminator-only steps). A block of a slot that its
 * player's rule does not use stays zero and is never read: the cost is memory, a copy of that player's parameters
 * per unused slot (Adam's m and v for an SGD discriminator).
 *
 * `count` is player i's own update count, so Adam's bias correction and optimistic's first step follow the player's
 * updates whatever the other rule does.
 */
export function perPlayer(rules: readonly Rule[], names: readonly string[] = rules.map((_, i) => `player ${i}`)): Rule {
  if (rules.length === 0) throw new RangeError('perPlayer needs one rule per player, got none');
  if (names.length !== rules.length) throw new RangeError(`perPlayer: ${rules.length} rules but ${names.length} names`);
  const coefficients = rules.every((r) => r.coefficients) ? rules.map((r, i) => r.coefficients![i]) : undefined;
  return {
    slots: [...new Set(rules.flatMap((r) => r.slots))],
    label: rules.map((r, i) => `${names[i]}: ${r.label}`).join('; '),
    apply: (space, theta, g, i, slots, count) => rules[i].apply(space, theta, g, i, slots, count),
    ...(coefficients ? { coefficients } : {}),
  };
}
