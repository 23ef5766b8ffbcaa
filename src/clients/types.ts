// A JSON API client as configured in CLIENTS_FILE (design §3.4), after validation.
export interface ApiClient {
  /** stable id (lower case, digits, - and _): scopes keys, references and transaction ids */
  id: string;
  name: string;
  /** hex SHA-256 of the API key: the key itself is never stored */
  keySha256: string;
  /** the BBPS biller ids this client may fetch and pay */
  billers: string[];
  ratePerMinute: number;
}
