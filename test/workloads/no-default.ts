export const iteration = (): void => {};
