/**
 * A JSON path built one segment at a time while walking a value, sharing its parent's
 * segments: extending it costs O(1), so a walk stays linear however deep the value nests.
 * `toArray` materializes it only where a path is needed.
 */
export type PathLink = { readonly parent: PathLink; readonly segment: string | number } | undefined;

export function extend(parent: PathLink, segment: string | number): PathLink {
  return { parent, segment };
}

export function toArray(link: PathLink): Array<string | number> {
  const segments: Array<string | number> = [];
  for (let current = link; current !== undefined; current = current.parent) segments.push(current.segment);
  return segments.reverse();
}
