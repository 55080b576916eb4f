export interface SecurityRoleTable {
  name: string;
  description: string;
}

export interface ModuleTable {
  name: string;
  description: string;
}
