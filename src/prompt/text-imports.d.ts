// Text files imported as strings (the prompt template): the build's and the tests' loaders turn them
// into a module whose default export is the file's text.
declare module '*.txt' {
  const text: string;
  export default text;
}
