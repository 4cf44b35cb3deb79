export function AlertInboxPage() { return null; } // PLACEHOLDER: replaced by the real page
