Feature: ManageOrder
  A customer sees their orders of the last six months, newest first, with the details of each, and cancels a paid
  physical order that has not been dispatched, getting their money back.

  Background:
    Given a customer "Ana Kahu" is signed in
    And the catalogue has a physical product "Flax Basket" at 45.00 NZD with 10 in stock

  Scenario: Order history, newest first, with delivery details
    Given the customer has bought 1 of "Flax Basket"
    And the customer has bought 2 of "Flax Basket"
    When the customer opens their order history
    Then it lists both orders, newest first
    And the detail of the newest order shows 2 of "Flax Basket" and the delivery address of their profile

  Scenario: Cancelling a paid order that has not been dispatched refunds it
    Given the customer has bought 1 of "Flax Basket"
    And a READY shipment for the order reaches fulfilment
    When the customer cancels the order
    Then the order is eventually CANCELLED
    And the payment is refunded in full
    And the catalogue shows 10 of "Flax Basket" available

  Scenario: A dispatched order can no longer be cancelled
    Given the customer has bought 1 of "Flax Basket"
    And a READY shipment for the order reaches fulfilment
    And the warehouse dispatches the shipment with carrier "NZ Post" and tracking number "NZP777"
    And the order is eventually SHIPPED with carrier "NZ Post" and tracking number "NZP777"
    When the customer cancels the order
    Then the cancellation is refused with "ORDER_NOT_CANCELLABLE"
