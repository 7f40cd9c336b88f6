// The browser's side of InputSettler (Components/Input/InputSettler.cs): a call the server can wait on, answered in order
// behind every interop call sent before it.
window.mdtReview = { settle: () => true };
