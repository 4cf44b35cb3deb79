export function OutboxPage() { return null; } // PLACEHOLDER: replaced by the real page
