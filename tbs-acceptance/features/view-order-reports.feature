Feature: ViewOrderReports
  An administrator sees the net sales per month for the last 12 months.

  Scenario: Monthly net totals for the last 12 months include a new sale
    Given the monthly sales report shows this month's totals
    And a customer "Nikau Rata" has bought 2 of a product at 25.00 NZD
    When the administrator opens the monthly sales report
    Then it lists 12 consecutive months ending with this month
    And this month's net total has grown by 50.00 NZD and its order count by 1

  Scenario: Only administrators see the reports
    Given a customer "Nikau Rata" is signed in
    When the customer opens the monthly sales report
    Then access is forbidden
