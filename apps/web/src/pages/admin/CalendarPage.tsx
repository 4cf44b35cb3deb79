export function CalendarPage() { return null; } // PLACEHOLDER: replaced by the real page
