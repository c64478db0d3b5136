"""The seven statements of the class teacher (DESIGN §7), each a print-ready xlsx."""
