-- Issue 16, search speed (decision 0024): each library entry carries the facts its facets and the public's scope need,
-- so a search reads library_entries alone (no join, no per-row subquery) and the public's scope is one comparison.
--   council_id, la_type, region, review_type, year   copied from the challenge and its council (the facets)
--   public_from                                      the date from which the public may read the entry (null: not
--                                                    public as things stand), by the rule the access model states
--                                                    (src/auth/policy.ts, libraryPublicFromSql; a test checks that
--                                                    every stored value equals the policy's rule)
-- A before-insert/update trigger on library_entries fills them; a change to what they come from (the challenge's
-- publication date, visit or council, a report issued, an action plan published, a council's type or region)
-- refreshes the challenge's entries in the same transaction.

alter table library_entries
  add column council_id integer,
  add column la_type text,
  add column region text,
  add column review_type text,
  add column year integer,
  add column public_from date;

-- When an entry becomes public (null: never, as things stand):
--   report section   the challenge's publication date, for the highest version issued as final
--   recommendation   the challenge's publication date
--   imported text    its document's kind: a final or progress review report or a committee paper with the challenge's
--                    publication date; an action plan from the day the plan was published; anything else never
--   action, progress never (the public reads a plan as its published snapshots)
create function library_public_from(e library_entries) returns date language sql stable as $$
  select case e.source
    when 'recommendation' then c.report_public_from
    when 'report' then case when exists (select 1 from report_issues ri where ri.challenge_id = c.id and ri.kind = 'final'
                                            and ri.version = e.version)
                             and not exists (select 1 from report_issues ri where ri.challenge_id = c.id and ri.kind = 'final'
                                            and ri.version > e.version)
                            then c.report_public_from end
    when 'document' then case
      when e.kind in ('final-report', 'progress-review-report', 'committee-paper') then c.report_public_from
      when e.kind = 'action-plan' then (select min(ev.occurred_on) from challenge_events ev
                                         where ev.challenge_id = c.id and ev.code = 'action_plan_published') end
    end
    from challenges c where c.id = e.challenge_id
$$;

create function library_fill() returns trigger language plpgsql as $$
begin
  select c.council_id, co.la_type, co.region, c.review_type,
         extract(year from coalesce(c.onsite_start, new.entry_date))::int
    into new.council_id, new.la_type, new.region, new.review_type, new.year
    from challenges c join councils co on co.id = c.council_id where c.id = new.challenge_id;
  new.public_from := library_public_from(new);
  return new;
end
$$;
create trigger library_entries_fill before insert or update on library_entries
  for each row execute function library_fill();

-- Refreshing a challenge's entries: an update fires library_fill on each.
create function library_refresh(p_challenge integer) returns void language sql as $$
  update library_entries set public_from = null where challenge_id = p_challenge
$$;

create function library_on_facts() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'challenges' then
    perform library_refresh(new.id);
  elsif tg_table_name = 'councils' then
    perform library_refresh(c.id) from challenges c where c.council_id = new.id;
  elsif tg_op = 'DELETE' then
    perform library_refresh(old.challenge_id);
  else
    perform library_refresh(new.challenge_id);
  end if;
  return null;
end
$$;

create trigger challenges_library_facts after update of report_public_from, onsite_start, review_type, council_id
  on challenges for each row execute function library_on_facts();
create trigger councils_library_facts after update of la_type, region on councils
  for each row when (old.la_type is distinct from new.la_type or old.region is distinct from new.region)
  execute function library_on_facts();
create trigger report_issues_library_facts after insert or update or delete on report_issues
  for each row execute function library_on_facts();
create trigger challenge_events_library_facts_ins after insert on challenge_events
  for each row when (new.code = 'action_plan_published') execute function library_on_facts();
create trigger challenge_events_library_facts_upd after update on challenge_events
  for each row when (new.code = 'action_plan_published' or old.code = 'action_plan_published')
  execute function library_on_facts();
create trigger challenge_events_library_facts_del after delete on challenge_events
  for each row when (old.code = 'action_plan_published') execute function library_on_facts();

-- What is there already.
update library_entries set public_from = null;

-- The public's searches: the visible entries by date (the list without search terms), and the facets' filters.
create index library_entries_public_idx on library_entries (public_from, entry_date desc, id desc);
create index library_entries_council_idx on library_entries (council_id);
