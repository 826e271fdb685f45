/** Where @ConsumeEvents leaves its definitions on Nest's handler (the handler's `extras`). */
export const CONSUMED_EVENTS = 'wijkteam.consumedEvents';
/** Where @ReadModelEvents leaves the read model's name and version, which name its consumer. */
export const CONSUMER_GROUP = 'wijkteam.consumerGroup';
