/** Records as the legacy HOSP API shows them (snake_case, `url` to the `.json` form). */
export interface SimHospital {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface SimPatient {
  id: number;
  name: string;
  species: string;
  created_at: string;
  updated_at: string;
}

export interface SimNote {
  id: number;
  title: string;
  body: string;
  patient_id: number;
  /** Stored exactly as sent: the legacy flaw hosp's gateway closes. */
  staff_id: unknown;
  created_at: string;
  updated_at: string;
}
