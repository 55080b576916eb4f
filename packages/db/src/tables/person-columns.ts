/** Personal fields both record tables carry (S2.1 mapped fields; the username lives on the login). */
export interface PersonColumns {
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  office_phone: string | null;
  mobile_phone: string | null;
  job_title: string | null;
}
