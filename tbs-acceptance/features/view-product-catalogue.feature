Feature: ViewProductCatalogue
  Anyone browses the catalogue by category, 25 products at a time in name order, and searches it by keyword.

  Background:
    Given the category "garden-tools" has 27 products named "Tool 01" to "Tool 27"

  Scenario: A category shows its first 25 products alphabetically
    When a visitor opens the category "garden-tools"
    Then they see 25 products, "Tool 01" first and "Tool 25" last
    When they open the next page
    Then they see "Tool 26" and "Tool 27"

  Scenario: Searching by keyword
    Given the catalogue has a physical product "Copper Watering Can" at 59.00 NZD with 4 in stock
    When a visitor searches for "watering"
    Then the results include "Copper Watering Can"
    And every result matches "watering"

  Scenario: An unknown product is not found
    When a visitor opens a product that does not exist
    Then the shop answers that it was not found
