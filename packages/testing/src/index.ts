export { arbitraryOf, defaultHints } from './arbitraries/from-codec'
export type { FieldHints } from './arbitraries/from-codec'
export {
  anyCommandArbitrary,
  commandArbitrary,
  eventDataArbitrary,
  eventToAppendArbitrary,
  importedFactArbitrary,
  ledgerEventArbitrary,
} from './arbitraries/catalogue'
export type { CommandArbitraryOptions } from './arbitraries/catalogue'
export {
  actorRoles,
  controllerIdArbitrary,
  countries,
  countryArbitrary,
  dataCategoryArbitrary,
  instantArbitrary,
  pseudonymArbitrary,
  purposeArbitrary,
  telecomDataCategories,
  telecomPurposes,
  telecomSubjectCategories,
  telecomSystems,
} from './arbitraries/vocabulary'
export { describeEventStoreContract, readEverything } from './contract/event-store-contract'
export type { EventStoreContractFactory, StoreUnderTest } from './contract/event-store-contract'
export type { LateCommit } from './contract/ordering'
export { sampleEvent, sampleEvents } from './contract/sample-events'
export { tamperInMemory } from './contract/tamper'
export type { TamperOperation } from './contract/tamper'
export { deciderSpecification, ledgerSpecification } from './decider-specification'
export type { SpecStep } from './decider-specification'
export { propertyRuns } from './properties/runs'
export { complianceScenarioArbitrary, runScenario, scenarioSetup } from './properties/scenario'
export type { ScenarioOptions, ScenarioRun, ScenarioStep } from './properties/scenario'
export {
  breachRegisterProperty,
  consentCoverageProperty,
  disclosureAssessedProperty,
  dsrDueDateProperty,
  refusalsAppendNothingProperty,
  replayProperty,
  trafficAndLocationProperty,
} from './properties/invariants'
export type {
  BreachRegister,
  BreachRegisterEntry,
  BreachRegisterInput,
  InvariantOptions,
} from './properties/invariants'
