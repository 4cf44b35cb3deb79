export function DashboardPage() { return null; } // PLACEHOLDER: replaced by the real page
