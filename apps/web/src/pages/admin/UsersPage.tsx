export function UsersPage() { return null; } // PLACEHOLDER: replaced by the real page
