/** Where @ConsumeEvents leaves its definitions on Nest's handler (the handler's `extras`). */
export const CONSUMED_EVENTS = 'wijkteam.consumedEvents';
