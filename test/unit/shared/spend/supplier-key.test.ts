import { describe, expect, it } from 'vitest'
import { autoSupplierKey, companyNumberKey, supplierNameKey, vatNumberKey, WITHHELD_KEY } from '../../../../shared/spend/supplier-key'

describe('supplier keys', () => {
  it('folds case, punctuation, & and legal forms so one supplier has one key', () => {
    const k = autoSupplierKey('SMITH & SONS (UK) LIMITED')
    expect(k).toBe('n:smith and sons uk')
    expect(autoSupplierKey('Smith and Sons (UK) Ltd.')).toBe(k)
    expect(autoSupplierKey('  smith & sons uk ltd  ')).toBe(k)
    expect(autoSupplierKey('The Smith & Sons (UK) Ltd')).toBe(k)
  })

  it('keys a trading name by the legal entity before t/a', () => {
    expect(supplierNameKey('JP4Life Ltd T/A Prolife Healthcare')).toBe('jp4life')
    expect(supplierNameKey('A Smith trading as Smiths Taxis')).toBe('a smith')
    expect(autoSupplierKey('Precious Little Ones t/a Bright Futures')).toBe(autoSupplierKey('Precious Little Ones'))
  })

  it('drops a ledger note after #', () => {
    expect(autoSupplierKey('HM Revenue & Customs Only#Was Inland Revenue#2')).toBe(autoSupplierKey('HM Revenue & Customs Only'))
    expect(autoSupplierKey('Bolton NHS Foundation Trust#1')).toBe('n:bolton nhs foundation trust')
  })

  it('keeps distinct suppliers apart', () => {
    expect(autoSupplierKey('Redactive Publishing Ltd')).not.toBe(WITHHELD_KEY)
    expect(autoSupplierKey('Amey LG Ltd')).not.toBe(autoSupplierKey('Amey OW Ltd'))
  })

  it('gives redacted, personal and third-party names the withheld key', () => {
    for (const name of ['Redacted', 'Redacted personal data', 'PERSONAL DETAILS REDACTED', 'Third Party Payment', '', '   ']) {
      expect(autoSupplierKey(name)).toBe(WITHHELD_KEY)
    }
  })

  it('canonicalises Companies House numbers, restoring stripped zeros', () => {
    expect(companyNumberKey('1234567')).toBe('01234567')
    expect(companyNumberKey('01234567')).toBe('01234567')
    expect(companyNumberKey('sc 12345')).toBe('SC012345')
    expect(companyNumberKey('N/A')).toBeNull()
    expect(companyNumberKey('0')).toBeNull()
    expect(companyNumberKey(null)).toBeNull()
  })

  it('canonicalises VAT numbers to their nine digits', () => {
    expect(vatNumberKey('GB812311285')).toBe('812311285')
    expect(vatNumberKey('gb 812 3112 85')).toBe('812311285')
    expect(vatNumberKey('812311285001')).toBe('812311285')
    expect(vatNumberKey('GB000000000')).toBeNull()
    expect(vatNumberKey('12345')).toBeNull()
  })
})
