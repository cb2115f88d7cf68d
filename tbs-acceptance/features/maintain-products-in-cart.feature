Feature: MaintainProductsInCart
  A customer changes quantities between 0 and 99, removes lines, and always sees net, tax and gross.

  Background:
    Given a customer "Rangi Parata" is signed in
    And the catalogue has a physical product "Kauri Notebook" at 12.00 NZD with 200 in stock
    And the catalogue has a digital product "Bird Song Album" at 9.99 NZD
    And the customer has 1 of "Kauri Notebook" and 1 of "Bird Song Album" in the cart

  Scenario: Changing a quantity updates the line and the totals
    When the customer changes the quantity of "Kauri Notebook" to 3
    Then the cart holds 3 of "Kauri Notebook" at 12.00 NZD each
    And the cart totals are net 45.99, tax 6.90 and gross 52.89 NZD

  Scenario: 99 is the most a line can hold
    When the customer changes the quantity of "Kauri Notebook" to 99
    Then the cart holds 99 of "Kauri Notebook" at 12.00 NZD each
    When the customer tries to change the quantity of "Kauri Notebook" to 100
    Then the cart refuses the quantity as invalid
    And the cart holds 99 of "Kauri Notebook" at 12.00 NZD each

  Scenario: Quantity 0 removes the line
    When the customer changes the quantity of "Bird Song Album" to 0
    Then the cart does not hold "Bird Song Album"
    And the cart totals are net 12.00, tax 1.80 and gross 13.80 NZD

  Scenario: Removing a line
    When the customer removes "Kauri Notebook" from the cart
    Then the cart does not hold "Kauri Notebook"
    And the cart totals are net 9.99, tax 1.50 and gross 11.49 NZD
