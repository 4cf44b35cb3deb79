export function UnitsPage() { return null; } // PLACEHOLDER: replaced by the real page
