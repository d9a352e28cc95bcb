/** Names, roles and phrases the generator draws on. Plain data: shared by both splits unless a list says otherwise. */

export const FIRST_NAMES = [
  'Jack', 'Sarah', 'Peter', 'Gemma', 'Jane', 'Helen', 'Paul', 'Kevin', 'Karen', 'Heather', 'Lucy', 'Vicki',
  'Daniella', 'Mark', 'Emma', 'David', 'Rachel', 'Andrew', 'Claire', 'Simon', 'Nadia', 'Tom', 'Priya', 'Oliver',
  'Fiona', 'Graham', 'Aisha', 'Martin', 'Joanne', 'Stephen', 'Ruth', 'Ian', 'Deborah', 'Richard', 'Sunita',
  'Colin', 'Hannah', 'Gareth', 'Ellen', 'Matthew', 'Bernadette', 'Kamal', 'Louise', 'Neil', 'Josephine',
] as const

export const SURNAMES = [
  'Hegarty', 'Fleming', 'Barron', 'Eaton', 'Sheppard', 'Thomas', 'Kewin', 'Sly', 'Greenan', 'Darragh', 'Goddard',
  'Howell', 'Edgell', 'Chapman-Allen', 'Patel', 'Wilson', 'Okafor', 'Hughes', 'Brennan', 'McAllister', 'Khan',
  "O'Neill", 'Richardson', 'Davies', 'Singh', 'Ahmed', 'Fairbrother', 'Lloyd-Jones', 'Turner', 'Nkemelu',
  'de Souza', 'van der Berg', 'le Roux', 'de Vries', 'MacDonald', 'Whitaker', 'Bhatt', 'Osei', 'Stanton',
] as const

/** Member peers: role as a report writes it, and whether it is an LGA or council role. */
export const MEMBER_ROLES = [
  'Leader', 'Leader of the Council', 'Deputy Leader', 'Cabinet Member for Resources', 'Cabinet Member for Housing',
  'Portfolio Holder for Finance', 'Executive Member for Environment',
] as const

export const OFFICER_ROLES = [
  'Chief Executive', 'Deputy Chief Executive', 'Director of Finance', 'Strategic Director – Place',
  'Head of Policy and Performance', 'Director of Corporate Resources', 'Assistant Director, Communities',
  'Head of Paid Service', 'Section 151 Officer', 'Director of Housing and Regeneration',
] as const

export const LGA_ROLES = [
  'Peer Challenge Manager', 'Senior Regional Adviser', 'Project Support Officer', 'Programme Manager',
  'Principal Adviser', 'LGA Associate',
] as const

/** Role-first team lines: "Lead Member Peer: Councillor …" */
export const ROLE_LABELS = {
  leadOfficer: ['Lead Peer', 'Chief Executive Peer', 'Lead Officer Peer'],
  leadMember: ['Lead Member Peer', 'Member Peer', 'Labour Member Peer', 'Conservative Member Peer'],
  officer: ['Officer Peer', 'Senior Officer Peer', 'Finance Peer', 'Shadow Peer'],
  lga: ['Peer Challenge Manager', 'LGA Peer Challenge Manager', 'Review Manager'],
} as const

export const REC_VERBS = [
  'Develop', 'Review', 'Refresh', 'Establish', 'Strengthen', 'Agree', 'Invest in', 'Build', 'Set out', 'Prioritise',
  'Embed', 'Clarify', 'Accelerate', 'Consolidate', 'Improve', 'Create', 'Deliver', 'Explore',
] as const

export const REC_OBJECTS = [
  'a long-term vision for {place} with partners',
  'the corporate plan so that it drives the council’s priorities',
  'a corporate performance management framework',
  'the medium term financial strategy and close the budget gap',
  'the council’s approach to transformation',
  'the scrutiny function and its work programme',
  'member and officer relationships',
  'a clear communications and engagement strategy',
  'capacity in the senior leadership team',
  'the council’s commercial ambitions and appetite for risk',
  'a workforce strategy, including recruitment and retention',
  'the governance of the council’s companies',
  'partnership working with the voluntary and community sector',
  'the capital programme and its delivery',
  'the housing delivery plan',
  'the climate emergency action plan',
  'digital services for residents',
  'a single programme management office',
  'the council’s asset management strategy',
  'the use of data and insight in decision-making',
  'the local plan timetable',
  'the organisational development programme',
] as const

export const REC_TAILS = [
  '', '', '', ' across the organisation', ' with members and staff', ' by the end of the year', ', post pandemic',
  ' and report progress to Cabinet', ' to address financial challenges',
] as const

export const THEMES_2022 = [
  'Local priorities and outcomes',
  'Organisational and place leadership',
  'Governance and culture',
  'Financial planning and management',
  'Capacity for improvement',
] as const

export const THEMES_2016 = [
  'Understanding of the local place and priority setting',
  'Leadership of Place',
  'Organisational leadership and governance',
  'Financial planning and viability',
  'Capacity to deliver',
] as const

export const BODIES = ['Cabinet', 'Executive', 'Full Council', 'Corporate Scrutiny Committee', 'Audit and Governance Committee', 'Policy and Resources Committee'] as const

export const FILLER = [
  'The council has a strong track record of delivering services that residents value.',
  'Staff spoke positively about the culture of the organisation and the visibility of senior leaders.',
  'Partners described the council as a trusted and reliable partner.',
  'There is a good understanding of the financial position, although the gap in later years is significant.',
  'Members and officers share an ambition for the area which is well articulated.',
  'The council should consider how it communicates its achievements more widely.',
  'Residents are broadly satisfied with the services they receive, as the latest survey shows.',
  'The pandemic response demonstrated the council’s ability to work at pace with partners.',
  'Some teams described silo working which the council will want to address.',
  'The peer team heard a consistent message about the need to prioritise.',
  'Governance arrangements are sound, with clear decision-making processes in place.',
  'The council manages its budget well and has a healthy level of reserves.',
] as const

export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November',
  'December',
] as const

export const NUMBER_WORDS = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
] as const
