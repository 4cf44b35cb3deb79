export function ServiceTargetsPage() { return null; } // PLACEHOLDER: replaced by the real page
