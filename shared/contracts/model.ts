/**
 * @module model
 * What a contract file reader produces, whatever the layout (OCDS packages, the Contracts Finder extract, a
 * Transparency Code register): notices and contracts kept apart, and every record left out or repaired with its
 * place in the file and a reason. A notice describes a procurement; a contract has a supplier, a value and a period.
 * Pure types: readers live beside this file, storage in server/contracts.
 */
import type { IsoDate } from '../domain/dates.ts'

/** Which layout a file was read as. */
export type ContractFileFormat = 'ocds' | 'contracts-finder-extract' | 'register-csv'

/** A party named by a notice (OCDS `parties`): buyers, procuring entities, suppliers. */
export interface NoticeParty {
  readonly name: string
  readonly roles: readonly string[]
}

/** Where in the file a record came from, for errors and tracing ("release 12", "line 40"). */
export interface FilePlace {
  /** 1-based data line for CSV, 1-based record index for JSON. */
  readonly index: number
  /** In words: "line 40", "release 12 (ocds-b5fd17-…)", "notice 3 (5c1f…)". */
  readonly label: string
}

/** One published notice: the procurement, not its contracts. */
export interface ReadNotice {
  /** Stable id across publishers and files: OCDS `ocid`, the Contracts Finder notice id. Deduplication key. */
  readonly id: string
  readonly title: string
  readonly description: string
  /** Buyer name as published (`buyer.name`, `organisation`); may name several bodies. Empty when none. */
  readonly buyer: string
  /** OCDS parties (buyer, procuringEntity, supplier…); empty for layouts without them. */
  readonly parties: readonly NoticeParty[]
  /** 'planning' | 'tender' | 'award' | 'contract' | … as published (OCDS tag / notice_type), lower case. */
  readonly stage: string
  /** Published status text, lower case ('awarded', 'open', 'active', 'complete'…); empty when none. */
  readonly status: string
  readonly publishedDate: IsoDate | null
  /** Tender deadline, when given. */
  readonly deadlineDate: IsoDate | null
  readonly awardDate: IsoDate | null
  /** Period the notice states (tender.contractPeriod or a lot's), when given. */
  readonly startDate: IsoDate | null
  readonly endDate: IsoDate | null
  /** Term in days when only a duration is given (Scotland, Wales `durationInDays`). */
  readonly durationDays: number | null
  /** Estimated or awarded value in pence (GBP only; other currencies are refused with an issue). */
  readonly valuePence: number | null
  /** CPV codes as 8 digits without the check digit, main code first, deduplicated. */
  readonly cpvCodes: readonly string[]
  /** Where to read the notice online, when given. */
  readonly url: string
  readonly place: FilePlace
}

/** One contract: a supplier, a value and a period, from an award or a register row. */
export interface ReadContract {
  /** Notice the contract was awarded under; null for register rows without an Open Contracting ID. */
  readonly noticeId: string | null
  /** The register's reference, OCDS contract/award id; empty when none. */
  readonly reference: string
  readonly title: string
  readonly description: string
  /** Supplier name as published; one contract per supplier when an award names several. */
  readonly supplier: string
  /** Companies House number when given (register, OCDS party identifier). */
  readonly supplierCompanyNumber: string
  /** Buyer name as published. */
  readonly buyer: string
  /** Total value in pence; null when not given. May be negative only in registers (credit rows), flagged by an issue. */
  readonly valuePence: number | null
  readonly start: IsoDate | null
  /** End as published; null when not given (estimated later, with its basis). */
  readonly end: IsoDate | null
  /** Extension options in months, as far as the file says ("1+1" → [12, 12]); empty when none. */
  readonly extensionMonths: readonly number[]
  /** Date when all extensions are taken, when the file states it (register "Last extension date"). */
  readonly endWithExtensions: IsoDate | null
  readonly cpvCodes: readonly string[]
  /** ProClass code when the register gives one; empty otherwise. */
  readonly proclassCode: string
  /** The award date (start when nothing better is known). */
  readonly awardDate: IsoDate | null
  readonly place: FilePlace
}

/** Machine codes of file-level and record-level problems. */
export type ContractIssueCode =
  | 'empty-file'
  | 'invalid-json'
  | 'unrecognised-json'
  | 'unrecognised-csv'
  | 'unsupported-file'
  | 'no-id'
  | 'bad-date'
  | 'placeholder-date'
  | 'bad-value'
  | 'other-currency'
  | 'negative-value'
  | 'end-before-start'
  | 'duplicate-in-file'
  | 'blank-row'
  | 'no-supplier'
  /** A CSV quote never closed: the text after it was read as one field. */
  | 'csv-structure'

/** A record left out, or kept with a repair, and why. `kept` says which. */
export interface ContractReadIssue {
  readonly code: ContractIssueCode
  readonly message: string
  readonly place: FilePlace | null
  /** True when the record was kept (a field repaired or dropped), false when the record was left out. */
  readonly kept: boolean
}

/** What a reader returns for a file it recognised. */
export interface ContractFileRead {
  readonly format: ContractFileFormat
  /** Publisher named by the file (release package `publisher.name`, extract `meta.council_id`, register organisation). */
  readonly publisher: string
  readonly notices: readonly ReadNotice[]
  readonly contracts: readonly ReadContract[]
  readonly issues: readonly ContractReadIssue[]
}

/** A file that cannot be read at all: nothing is stored, the upload answers 4xx with this. */
export interface ContractFileRefusal {
  readonly code: 'empty-file' | 'invalid-json' | 'unrecognised-json' | 'unrecognised-csv' | 'unsupported-file' | 'too-many-records'
  readonly message: string
}

/** Either the file's records or why it was refused. */
export type ContractFileResult = { readonly ok: true; readonly value: ContractFileRead } | { readonly ok: false; readonly error: ContractFileRefusal }
