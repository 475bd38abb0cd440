// Placeholder; replaced by the packing step for end-to-end tests.
export default async function setup(): Promise<void> {}
