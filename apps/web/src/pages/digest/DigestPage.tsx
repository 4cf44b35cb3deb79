export function DigestPage() { return null; } // PLACEHOLDER: replaced by the real page
