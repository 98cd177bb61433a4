import { type Kysely, sql } from "kysely";

/**
 * The three administrators (三员分立, MLPS level 3): system_admin, security_admin and audit_admin join
 * the roles, and whoever holds one of them holds no other role — checked here as well as by the service,
 * so no path around the service (a script, a hand-written grant) can join them. Accounts gain the region
 * whose administrators keep them, which a system administrator sets when creating one.
 */
const ROLES = `'window_clerk', 'reviewer', 'approver', 'supervisor', 'administrator', 'catalog_manager'`;
const THREE = `'system_admin', 'security_admin', 'audit_admin'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table staff_roles drop constraint staff_roles_role_check`.execute(db);
  await sql`alter table staff_roles add constraint staff_roles_role_check
    check (role in (${sql.raw(ROLES)}, ${sql.raw(THREE)}))`.execute(db);
  await sql`alter table staff add column region_code text references regions (code)`.execute(db);
  await sql`
    create function staff_roles_one_administrator() returns trigger language plpgsql as $$
    begin
      -- One of the three holds nothing else: a system administrator who is also a supervisor would
      -- read the trail of their own work.
      if exists (
        select 1 from staff_roles
        where staff_id = new.staff_id and role <> new.role
          and (role in (${sql.raw(THREE)}) or new.role in (${sql.raw(THREE)}))
      ) then
        raise exception 'staff member % would hold one of the three administrator roles with another role', new.staff_id
          using errcode = 'check_violation', constraint = 'staff_roles_one_administrator';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger staff_roles_one_administrator before insert or update on staff_roles
    for each row execute function staff_roles_one_administrator()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger staff_roles_one_administrator on staff_roles`.execute(db);
  await sql`drop function staff_roles_one_administrator()`.execute(db);
  await sql`delete from staff_roles where role in (${sql.raw(THREE)})`.execute(db);
  await sql`alter table staff drop column region_code`.execute(db);
  await sql`alter table staff_roles drop constraint staff_roles_role_check`.execute(db);
  await sql`alter table staff_roles add constraint staff_roles_role_check check (role in (${sql.raw(ROLES)}))`.execute(
    db,
  );
}
