Feature: AdministerErrors
  An administrator sees the messages that could not be processed (dead-lettered), newest first, inspects them,
  fixes the cause and redrives them, after which they are processed.

  Scenario: A sale that failed to reach the reporting database is redriven after the database is repaired
    Given the reporting database's order lines table is unavailable
    And a customer "Hana Tipene" has bought 1 of a product at 30.00 NZD
    When the sale has been dead-lettered
    Then the administrator's list of dead-lettered messages shows it first
    And inspecting it shows the OrderPaid event of the order
    When the reporting database is repaired
    And the administrator redrives the reports dead-letter queue
    Then the dead-letter queue is empty
    And the sale is eventually in the reporting database
