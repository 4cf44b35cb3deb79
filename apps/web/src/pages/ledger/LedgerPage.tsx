export function LedgerPage() { return null; } // PLACEHOLDER: replaced by the real page
