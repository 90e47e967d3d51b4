import { MAX_JOB_ANSWER } from './workflow.js';

type Json = Record<string, unknown>;

/** An array inside an answer: its holder and key (the holder may be absent). */
export type AnswerList = [holder: Json | undefined, key: string];

/**
 * Makes an answer's JSON text fit MAX_JOB_ANSWER characters: drops the last item of one of `lists`
 * at a time (with `pick: 'longest'`, of the list holding most items, so every list keeps examples;
 * with 'listed', of the first list not yet empty) and says how many it left out. The rest of an answer
 * (counts, the group name of at most MAX_GROUP_NAME characters, the next step) is small by construction.
 */
export function fitAnswer(
  answer: Json,
  lists: readonly AnswerList[],
  pick: 'longest' | 'listed' = 'longest',
): Json {
  let size = JSON.stringify(answer).length;
  if (size <= MAX_JOB_ANSWER) return answer;
  const arrays = lists
    .map(([holder, key]) => holder?.[key])
    .filter((list): list is unknown[] => Array.isArray(list));
  let dropped = 0;
  while (size > MAX_JOB_ANSWER) {
    const candidates = arrays.filter((a) => a.length);
    const list =
      pick === 'listed'
        ? candidates[0]
        : candidates.reduce<unknown[] | undefined>((a, b) => (a && a.length >= b.length ? a : b), undefined);
    if (!list) break;
    list.pop();
    dropped++;
    answer.left_out_to_fit = dropped;
    size = JSON.stringify(answer).length;
  }
  return answer;
}
