/** A place's few figures — a village, a township, a hall or a service point — from its smaller roll-up. */

export interface PlaceRow {
  code: string;
  name: string;
  urban_rural: string | null;
  received: number;
  received_online: number;
  closed: number;
  measured: number;
  days_sum: number;
  visits: number;
  rated: number;
  satisfied: number;
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export interface Place {
  code: string;
  name: string;
  urbanRural: string | null;
  received: number;
  closed: number;
  meanDays: number | null;
  onlineRate: number | null;
  visitsPerCase: number | null;
  satisfaction: number | null;
}

export const place = (r: PlaceRow): Place => ({
  code: r.code,
  name: r.name,
  urbanRural: r.urban_rural,
  received: r.received,
  closed: r.closed,
  meanDays: share(r.days_sum, r.measured),
  onlineRate: share(r.received_online, r.received),
  visitsPerCase: share(r.visits, r.closed),
  satisfaction: share(r.satisfied, r.rated),
});
