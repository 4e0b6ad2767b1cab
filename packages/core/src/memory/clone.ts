/** Deep-copies plain data (objects, arrays, Dates) so stored records never alias caller objects. */
export function cloneData<T>(value: T): T {
  return structuredClone(value);
}
